import { formatPhone } from '@oblako/domain';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config/index';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './plugins/demo/index';
import { boundHeapGrowth } from './heap-growth';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const ROLE_LABELS = { patient: 'пациент', doctor: 'врач', manager: 'менеджер', admin: 'администратор' } as const;

async function main(): Promise<void> {
  boundHeapGrowth();
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const app = await buildApp(config);
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  printBanner(config);
}

function printBanner(config: Config): void {
  const scheme = config.tlsCert ? 'https' : 'http';
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const lines = [
    '',
    `Облако здоровья: ${scheme}://${host}:${config.port}/  (${config.mode} mode, store: ${config.couchUrl ? 'CouchDB' : `LevelDB in ${config.dataDir}`})`,
  ];
  if (config.host === '0.0.0.0' || config.host === '::') lines.push('Listening on all interfaces: open it from a phone by this machine\'s address.');
  if (config.mode === 'demo') {
    lines.push('', `Demo accounts (password for all: ${DEMO_PASSWORD}):`);
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      lines.push(`  ${formatPhone(account.phone).padEnd(18)} ${ROLE_LABELS[account.role].padEnd(10)} ${account.name}`);
    }
  }
  console.log(`${lines.join('\n')}\n`);
}

await main();
