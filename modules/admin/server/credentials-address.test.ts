import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { credentialsText, serviceAddress } from './credentials';

function app(config: { mode: 'demo' | 'production'; publicUrl?: string; tlsCert?: string }, address: { address: string; port: number } | null): FastifyInstance {
  return { config, server: { address: () => address } } as unknown as FastifyInstance;
}

test('the credentials SMS names where to sign in: PUBLIC_URL, else in demo mode the server itself', () => {
  assert.equal(serviceAddress(app({ mode: 'production', publicUrl: 'https://oblako.example.ru/' }, { address: '0.0.0.0', port: 443 })), 'https://oblako.example.ru/');
  assert.equal(serviceAddress(app({ mode: 'demo' }, { address: '0.0.0.0', port: 8080 })), 'http://localhost:8080');
  assert.equal(serviceAddress(app({ mode: 'demo' }, { address: '::', port: 8080 })), 'http://localhost:8080');
  assert.equal(serviceAddress(app({ mode: 'demo', tlsCert: '/x.pem' }, { address: '192.168.1.20', port: 8443 })), 'https://192.168.1.20:8443');
  assert.equal(serviceAddress(app({ mode: 'production' }, { address: '0.0.0.0', port: 8080 })), undefined, 'production makes no address up');
  assert.equal(
    credentialsText('+79001112233', 'snak598dfx', 'https://oblako.example.ru/'),
    'Облако здоровья: вход в личный кабинет https://oblako.example.ru. Логин: +7 900 111-22-33, временный пароль: snak598dfx. При входе задайте свой пароль.',
  );
});
