import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { jwtVerify } from 'jose';
import { bearer, postJson, requestJson } from '../helpers/http';
import { newPatient, notificationsOf, waitFor, type World } from '../consultations/kit';
import { noticeText, type Notice } from '@oblako/domain';
import { CallTokens } from '../../../modules/video/server/call-token';
import type { CallSummary } from '../../../modules/video/index';
import { consultationAt, newDevice, PresenceStream, refusal, SignalSocket, startVideoWorld, ticket, ticketOk } from './kit';

describe('call tickets: who, when, which consultation', () => {
  let world: World;
  before(async () => {
    world = await startVideoWorld();
  });
  after(async () => world.server.close());

  it('the patient and the doctor get a built-in call: each other\'s peer ids, a short-lived token', async () => {
    const consultation = await consultationAt(world, 10);
    const mine = await ticketOk(world.server, world.patient.token, consultation.id);
    const doctors = await ticketOk(world.server, world.doctor.token, consultation.id);
    assert.equal(mine.provider, 'peerjs');
    assert.equal(mine.role, 'patient');
    assert.equal(doctors.role, 'doctor');
    assert.equal(mine.status, 'scheduled');
    assert.equal(mine.doctorName, world.doctor.name);
    assert.equal(mine.peer!.remotePeerId, doctors.peer!.peerId);
    assert.equal(doctors.peer!.remotePeerId, mine.peer!.peerId);
    assert.notEqual(mine.peer!.peerId, doctors.peer!.peerId);
    assert.match(mine.peer!.peerId, /^patient[0-9a-f]{40}$/);
    assert.deepEqual(mine.peer!.iceServers, []);
    const lifetime = Date.parse(mine.peer!.expiresAt) - Date.now();
    assert.ok(lifetime > 0 && lifetime <= 300_000, `token lifetime ${lifetime} ms`);
    assert.equal(mine.window.opensAt, new Date(Date.parse(consultation.slot!.start) - 15 * 60_000).toISOString());
  });

  it('another patient and another doctor → 403 with a Russian message; a manager → 403', async () => {
    const consultation = await consultationAt(world, 10);
    const stranger = await newPatient(world.server);
    for (const who of [stranger, world.otherDoctor]) {
      const answer = await ticket(world.server, who.token, consultation.id);
      assert.equal(answer.status, 403);
      assert.equal(answer.body['code'], 'call_not_your_consultation');
      assert.match(String(answer.body['message']), /Это не ваша консультация/);
    }
    const manager = await ticket(world.server, world.manager.token, consultation.id);
    assert.equal(manager.status, 403);
    assert.equal(manager.body['code'], 'call_role_not_allowed');
  });

  it('before the window and after it → 409 with the window; an unknown consultation → 404', async () => {
    const early = await consultationAt(world, 20);
    const tooEarly = await ticket(world.server, world.patient.token, early.id);
    assert.equal(tooEarly.status, 409);
    assert.equal(tooEarly.body['code'], 'call_too_early');
    assert.equal(tooEarly.body['opensAt'], new Date(Date.parse(early.slot!.start) - 15 * 60_000).toISOString());
    assert.match(String(tooEarly.body['message']), /откроется|Подключиться можно с/);
    // The slot ended 31 minutes ago: the window closed a minute ago.
    const late = await consultationAt(world, -61, { status: 'in_progress' });
    const tooLate = await ticket(world.server, world.doctor.token, late.id);
    assert.equal(tooLate.status, 409);
    assert.equal(tooLate.body['code'], 'call_too_late');
    const unknown = await ticket(world.server, world.patient.token, `${world.patient.id}:consultation-nope`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body['code'], 'not_found');
  });

  it('cancelled → 409, held → 409', async () => {
    const cancelled = await consultationAt(world, 5, { status: 'cancelled' });
    const held = await consultationAt(world, -20, { status: 'held' });
    const a = await ticket(world.server, world.patient.token, cancelled.id);
    assert.deepEqual([a.status, a.body['code']], [409, 'call_consultation_cancelled']);
    assert.match(String(a.body['message']), /отменена/);
    const b = await ticket(world.server, world.doctor.token, held.id);
    assert.deepEqual([b.status, b.body['code']], [409, 'call_consultation_finished']);
  });

  it('bad input → 400: no device id, a device id with odd characters, an unknown field', async () => {
    const consultation = await consultationAt(world, 5);
    const url = `${world.server.baseUrl}/api/video/${encodeURIComponent(consultation.id)}/ticket`;
    for (const body of [{}, { deviceId: 'a b c d e f g h' }, { deviceId: newDevice(), extra: 1 }]) {
      const answer = await postJson<Record<string, unknown>>(url, body, bearer(world.patient.token));
      assert.equal(answer.status, 400, JSON.stringify(body));
    }
    const anonymous = await postJson(url, { deviceId: newDevice() });
    assert.equal(anonymous.status, 401);
  });
});

describe('the signalling server (PeerJS protocol) under call tokens', () => {
  let world: World;
  before(async () => {
    world = await startVideoWorld();
  });
  after(async () => world.server.close());

  it('refuses no token, a forged token, an expired token, another id than the token\'s, the wrong key', async () => {
    const consultation = await consultationAt(world, 5);
    const { peer } = await ticketOk(world.server, world.patient.token, consultation.id);
    assert.equal(await refusal(SignalSocket.open(world.server, { id: peer!.peerId, token: 'x' })), 401);
    const forged = new CallTokens('a-secret-the-server-does-not-have-000', 300);
    const forgedToken = (await forged.issue({ userId: world.patient.id, consultationId: consultation.id, role: 'patient', deviceId: newDevice() }, new Date())).token;
    assert.equal(await refusal(SignalSocket.open(world.server, { id: peer!.peerId, token: forgedToken })), 401);
    const sameKey = new CallTokens(world.server.config.jwtSecret, 300);
    const expired = (await sameKey.issue({ userId: world.patient.id, consultationId: consultation.id, role: 'patient', deviceId: newDevice() }, new Date(Date.now() - 600_000))).token;
    assert.equal(await refusal(SignalSocket.open(world.server, { id: peer!.peerId, token: expired })), 401);
    assert.equal(await refusal(SignalSocket.open(world.server, { id: peer!.remotePeerId, token: peer!.token })), 401);
    assert.equal(await refusal(SignalSocket.open(world.server, { id: peer!.peerId, token: peer!.token, key: 'peerjs' })), 401);
    // The same token, the right id: accepted.
    const accepted = await SignalSocket.connect(world.server, peer!);
    await accepted.close();
  });

  it('refuses a valid token once the consultation was cancelled (checked again at connection)', async () => {
    const consultation = await consultationAt(world, 5);
    const { peer } = await ticketOk(world.server, world.patient.token, consultation.id);
    const db = world.server.app.store.db('consultations');
    await db.put({ ...(await db.get(consultation.id)), status: 'cancelled' });
    assert.equal(await refusal(SignalSocket.connect(world.server, peer!)), 403);
  });

  it('relays offers between the two sides of a call only; presence reaches the doctor live', async () => {
    const consultation = await consultationAt(world, 5);
    const stream = await PresenceStream.open(world.server, world.doctor.token);
    const patientTicket = await ticketOk(world.server, world.patient.token, consultation.id);
    const doctorTicket = await ticketOk(world.server, world.doctor.token, consultation.id);
    const patient = await SignalSocket.connect(world.server, patientTicket.peer!);
    const waiting = await stream.until((p) => p.consultationId === consultation.id && p.patient === 'waiting');
    assert.equal(waiting.doctor, 'absent');
    assert.ok(waiting.patientSince);
    // …and in «Уведомления» (the in-cabinet notification that web push follows).
    const notice = await waitFor('the doctor to be told the patient waits', async () =>
      (await notificationsOf(world, world.doctor)).find((n) => n['kind'] === 'patient_waiting' && n['consultationId'] === consultation.id));
    assert.equal(notice['recipientId'], world.doctor.id);
    assert.match(noticeText(notice as unknown as Notice, { language: 'ru', timeZone: 'Asia/Vladivostok' }), /^Пациент ждёт в комнате ожидания видеоконсультации .*\(Владивосток, UTC\+10\)/);
    const doctor = await SignalSocket.connect(world.server, doctorTicket.peer!);
    await stream.until((p) => p.consultationId === consultation.id && p.patient === 'in_call' && p.doctor === 'in_call');

    // Another consultation's patient, connected too: the doctor of this call cannot reach them.
    const bystanderPatient = await newPatient(world.server);
    const other = await consultationAt(world, 5, {}, bystanderPatient);
    const bystanderTicket = await ticketOk(world.server, bystanderPatient.token, other.id);
    const bystander = await SignalSocket.connect(world.server, bystanderTicket.peer!);
    doctor.send({ type: 'OFFER', dst: bystanderTicket.peer!.peerId, payload: { sdp: 'stolen' } });
    doctor.send({ type: 'OFFER', dst: doctorTicket.peer!.remotePeerId, payload: { sdp: 'offer-1' } });
    const offer = await patient.next((m) => m['type'] === 'OFFER');
    assert.deepEqual(offer['payload'], { sdp: 'offer-1' });
    assert.equal(offer['src'], doctorTicket.peer!.peerId);
    patient.send({ type: 'ANSWER', dst: patientTicket.peer!.remotePeerId, payload: { sdp: 'answer-1' } });
    assert.deepEqual((await doctor.next((m) => m['type'] === 'ANSWER'))['payload'], { sdp: 'answer-1' });
    assert.equal(bystander.messages.filter((m) => m['type'] === 'OFFER').length, 0);

    await patient.close();
    await stream.until((p) => p.consultationId === consultation.id && p.patient === 'left' && p.doctor === 'waiting');
    await Promise.all([doctor.close(), bystander.close()]);
    stream.close();
  });

  it('a second device of the same person takes over; the older one is told', async () => {
    const consultation = await consultationAt(world, 5);
    const phone = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.patient.token, consultation.id)).peer!);
    const laptop = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.patient.token, consultation.id)).peer!);
    const told = await phone.next((m) => m['type'] === 'ERROR');
    assert.deepEqual(told['payload'], { msg: 'replaced_by_another_device' });
    await phone.closed;
    // The newer device is the one the doctor reaches.
    const doctor = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.doctor.token, consultation.id)).peer!);
    doctor.send({ type: 'OFFER', dst: (await ticketOk(world.server, world.doctor.token, consultation.id)).peer!.remotePeerId, payload: { sdp: 'to-laptop' } });
    assert.deepEqual((await laptop.next((m) => m['type'] === 'OFFER'))['payload'], { sdp: 'to-laptop' });
    const log = await requestJson<CallSummary>(`${world.server.baseUrl}/api/video/${encodeURIComponent(consultation.id)}/log`, { headers: bearer(world.doctor.token) });
    assert.ok(log.body.events.some((event) => event.kind === 'replaced' && event.role === 'patient'), JSON.stringify(log.body));
    await Promise.all([laptop.close(), doctor.close()]);
  });

  it('the same device back after a network cut is a reconnection; «Завершить» ends the call for both and records its duration', async () => {
    const consultation = await consultationAt(world, -5, { status: 'in_progress' });
    const device = newDevice();
    const patientTicket = await ticketOk(world.server, world.patient.token, consultation.id, device);
    let patient = await SignalSocket.connect(world.server, patientTicket.peer!);
    const doctor = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.doctor.token, consultation.id)).peer!);
    patient.socket.terminate();
    await patient.closed;
    patient = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.patient.token, consultation.id, device)).peer!);

    const url = (path: string) => `${world.server.baseUrl}/api/video/${encodeURIComponent(consultation.id)}/${path}`;
    const byPatient = await postJson<Record<string, unknown>>(url('end'), {}, bearer(world.patient.token));
    assert.equal(byPatient.status, 403);
    const ended = await postJson<CallSummary>(url('end'), {}, bearer(world.doctor.token));
    assert.equal(ended.status, 200);
    for (const side of [patient, doctor]) {
      assert.deepEqual((await side.next((m) => m['type'] === 'ERROR'))['payload'], { msg: 'call_ended' });
      await side.closed;
    }
    assert.ok(ended.body.startedAt && ended.body.endedAt);
    assert.equal(ended.body.durationSeconds, Math.round((Date.parse(ended.body.endedAt!) - Date.parse(ended.body.startedAt!)) / 1000));
    const log = await requestJson<CallSummary>(url('log'), { headers: bearer(world.manager.token) });
    const kinds = log.body.events.map((event) => `${event.role}:${event.kind}`);
    assert.ok(kinds.includes('patient:reconnected'), kinds.join(' '));
    assert.ok(kinds.includes('doctor:ended'), kinds.join(' '));
    const stranger = await newPatient(world.server);
    assert.equal((await requestJson(url('log'), { headers: bearer(stranger.token) })).status, 403);
  });
});

describe('ICE servers with TURN REST credentials', () => {
  let world: World;
  const secret = 'coturn-static-auth-secret-1234';
  before(async () => {
    world = await startVideoWorld({ stunUrls: ['stun:turn.example.ru:3478'], turnUrls: ['turn:turn.example.ru:3478?transport=udp', 'turns:turn.example.ru:5349'], turnSecret: secret, turnCredentialTtlSeconds: 3600 });
  });
  after(async () => world.server.close());

  it('STUN as configured; TURN with username <expiry>:<user> and the HMAC-SHA1 password coturn checks', async () => {
    const consultation = await consultationAt(world, 5);
    const { peer } = await ticketOk(world.server, world.patient.token, consultation.id);
    const [stun, turn] = peer!.iceServers;
    assert.deepEqual(stun, { urls: ['stun:turn.example.ru:3478'] });
    assert.deepEqual(turn!.urls, ['turn:turn.example.ru:3478?transport=udp', 'turns:turn.example.ru:5349']);
    const [expiry, user] = turn!.username!.split(':');
    assert.equal(user, world.patient.id);
    const lifetime = Number(expiry) - Date.now() / 1000;
    assert.ok(lifetime > 3590 && lifetime <= 3600, `credential lifetime ${lifetime} s`);
    assert.equal(turn!.credential, createHmac('sha1', secret).update(turn!.username!).digest('base64'));
  });
});

describe('Jitsi when JITSI_DOMAIN is set', () => {
  let world: World;
  const appSecret = 'jitsi-app-secret-0123456789';
  before(async () => {
    world = await startVideoWorld({ jitsiDomain: 'meet.example.ru', jitsiAppId: 'oblako', jitsiAppSecret: appSecret });
  });
  after(async () => world.server.close());

  it('one unguessable room per consultation and a JWT per participant whose claims verify; moderator only the doctor', async () => {
    const consultation = await consultationAt(world, 5);
    const other = await consultationAt(world, 5);
    const patient = await ticketOk(world.server, world.patient.token, consultation.id);
    const doctor = await ticketOk(world.server, world.doctor.token, consultation.id);
    const elsewhere = await ticketOk(world.server, world.patient.token, other.id);
    assert.equal(patient.provider, 'jitsi');
    assert.equal(patient.peer, undefined);
    assert.equal(patient.jitsi!.domain, 'meet.example.ru');
    assert.equal(patient.jitsi!.room, doctor.jitsi!.room);
    assert.notEqual(patient.jitsi!.room, elsewhere.jitsi!.room);
    assert.match(patient.jitsi!.room, /^oblako[0-9a-f]{32}$/);
    assert.ok(!patient.jitsi!.room.includes(consultation.id));
    const key = new TextEncoder().encode(appSecret);
    for (const [ticket, who, moderator] of [[patient, world.patient, false], [doctor, world.doctor, true]] as const) {
      const { payload, protectedHeader } = await jwtVerify(ticket.jitsi!.jwt!, key, { issuer: 'oblako', audience: 'jitsi', subject: 'meet.example.ru' });
      assert.equal(protectedHeader.alg, 'HS256');
      assert.equal(payload['room'], ticket.jitsi!.room);
      assert.equal(payload.exp, Math.floor(Date.parse(ticket.window.closesAt) / 1000));
      assert.equal(payload['moderator'], moderator);
      const user = (payload['context'] as { user: Record<string, unknown> }).user;
      assert.equal(user['name'], who.name);
      assert.equal(user['id'], who.id);
      assert.equal(user['moderator'], String(moderator));
      assert.equal(user['lobby_bypass'], moderator ? true : undefined);
    }
    await assert.rejects(jwtVerify(patient.jitsi!.jwt!, new TextEncoder().encode('another-secret-0123456789')));
  });

  it('the CSP allows exactly that domain in script-src and frame-src', async () => {
    const response = await fetch(`${world.server.baseUrl}/health`);
    const csp = directives(response.headers.get('content-security-policy'));
    assert.ok(csp.get('script-src')!.includes('https://meet.example.ru'));
    assert.deepEqual(csp.get('frame-src'), ['https://meet.example.ru']);
    const external = [...csp.values()].flat().filter((source) => /^https?:/.test(source));
    assert.deepEqual(external, ['https://meet.example.ru', 'https://meet.example.ru']);
  });
});

describe('the CSP without Jitsi', () => {
  let world: World;
  before(async () => {
    world = await startVideoWorld();
  });
  after(async () => world.server.close());

  it('no other origin anywhere, no frames', async () => {
    const response = await fetch(`${world.server.baseUrl}/health`);
    const csp = directives(response.headers.get('content-security-policy'));
    assert.deepEqual(csp.get('frame-src'), ["'none'"]);
    assert.deepEqual([...csp.values()].flat().filter((source) => /^https?:|^\*/.test(source)), []);
  });
});

function directives(header: string | null): Map<string, string[]> {
  assert.ok(header, 'a Content-Security-Policy header');
  return new Map(header.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...sources]) => [name!, sources]));
}
