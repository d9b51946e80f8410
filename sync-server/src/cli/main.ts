import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Command, CommanderError } from 'commander';
import { errorMessage, formatPhone } from '@oblako/domain';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { ConfigError, loadConfig, type Config } from '../config/index';
import { MANAGE_API } from '../manage/api';
import { BackupError, prepareBackup } from '../manage/backup-writer';
import { restoreBackup } from '../manage/backup-restore';
import { createManager, type CreatedManager } from '../manage/create-manager';
import { HttpError } from '../plugins/errors/index';
import { findRunningServer } from './running-server';

/**
 * `npm run manage -- <command>`: the installer's tool. It reads the same environment as the
 * server (loadConfig) and uses the same account, store and backup code. With the embedded store
 * only one process may open DATA_DIR, so while the server runs the commands are carried out BY
 * the server, through its local management endpoints (plugins/manage); otherwise the tool opens
 * the store itself.
 */
class CliFailure extends Error {}

function config(): Config {
  try {
    return loadConfig(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'error' });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(error.message);
    throw error;
  }
}

/** Runs `work` with an app that owns the store, for when no server runs. */
async function withOwnApp<T>(settings: Config, work: (app: FastifyInstance) => Promise<T>): Promise<T> {
  let app: FastifyInstance;
  try {
    app = await buildApp(settings);
  } catch (error) {
    if (/lock/i.test(String((error as Error).message))) {
      throw new CliFailure(`Каталог данных ${settings.dataDir} занят другим процессом (сервер запущен?), но сервер не отвечает по адресу из ${settings.dataDir}/secrets/manage.json. Остановите сервер или запустите его заново и повторите команду.`);
    }
    throw error;
  }
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function apiFailure(status: number, body: { code?: string; message?: string }): CliFailure {
  return new CliFailure(body.message ?? (body.code ? errorMessage(body.code) : `Сервер ответил ${status}`));
}

async function createManagerCommand(options: { phone: string; name: string }): Promise<void> {
  const settings = config();
  const running = await findRunningServer(settings.dataDir);
  let created: CreatedManager;
  if (running) {
    const answer = await running.json<CreatedManager & { code?: string; message?: string }>('POST', MANAGE_API.managers, { phone: options.phone, name: options.name });
    if (answer.status !== 201) throw apiFailure(answer.status, answer.body);
    created = answer.body;
  } else {
    created = await withOwnApp(settings, (app) => createManager(app, options));
  }
  console.log([
    `Менеджер создан: ${created.name}`,
    `  логин (телефон):   ${formatPhone(created.phone)}`,
    `  временный пароль:  ${created.password}`,
    'Пароль одноразовый: при первом входе система попросит задать свой. Сохраните его сейчас — он больше не будет показан.',
  ].join('\n'));
}

async function backupCommand(file: string): Promise<void> {
  const settings = config();
  const target = resolve(file);
  const partial = `${target}.partial`;
  // An older backup is never overwritten by mistake.
  if (await stat(target).then(() => true, () => false)) throw new CliFailure(`Файл ${target} уже существует: укажите другое имя (старая копия не тронута).`);
  await mkdir(dirname(target), { recursive: true });
  const running = await findRunningServer(settings.dataDir);
  try {
    if (running) {
      const response = await running.stream(MANAGE_API.backup);
      if (response.statusCode !== 200) {
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks as Uint8Array[]).toString('utf8');
        throw apiFailure(response.statusCode ?? 0, text.startsWith('{') ? (JSON.parse(text) as { message?: string }) : {});
      }
      await pipeline(response, createWriteStream(partial, { mode: 0o600 }));
      // A connection cut mid-way ends the stream early without an error on some platforms: the
      // server's gzip trailer and the manifest are then missing, and restore would refuse it.
      if (!response.complete) throw new CliFailure('Соединение с сервером прервалось во время копирования. Повторите команду.');
      console.log(summaryLine(JSON.parse(String(response.headers['x-oblako-backup-summary'] ?? '{}')), target, `сервер ${running.url}`));
    } else {
      await withOwnApp(settings, async (app) => {
        const backup = await prepareBackup(app.store, app.config);
        try {
          await pipeline(backup.stream(), createWriteStream(partial, { mode: 0o600 }));
        } finally {
          await backup.dispose();
        }
        console.log(summaryLine(backup.manifest, target, 'сервер не запущен, хранилище открыто напрямую'));
      });
    }
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof BackupError) throw new CliFailure(error.message);
    throw error;
  }
}

function summaryLine(summary: { databases?: Record<string, number>; blobs?: { files: number; bytes: number } }, target: string, how: string): string {
  const documents = Object.values(summary.databases ?? {}).reduce((sum, count) => sum + count, 0);
  const files = summary.blobs?.files ?? 0;
  const megabytes = ((summary.blobs?.bytes ?? 0) / 1024 / 1024).toFixed(1);
  return `Резервная копия записана: ${target}\n  баз: ${Object.keys(summary.databases ?? {}).length}, документов: ${documents}, файлов: ${files} (${megabytes} МБ); ${how}.`;
}

async function restoreCommand(file: string): Promise<void> {
  const settings = config();
  if (await findRunningServer(settings.dataDir)) {
    throw new CliFailure(`Сервер работает с каталогом ${settings.dataDir}: восстановление выполняется только в пустой каталог данных при остановленном сервере.`);
  }
  try {
    const summary = await restoreBackup(settings, file);
    console.log(`Восстановлено из ${resolve(file)} (копия от ${summary.manifest.createdAt}): документов ${summary.documents}, файлов ${summary.files}.\nКаталог данных: ${settings.dataDir}. Запустите сервер: npm run serve`);
  } catch (error) {
    if (error instanceof BackupError) throw new CliFailure(error.message);
    throw error;
  }
}

const program = new Command()
  .name('npm run manage --')
  .description('Управление установкой Облака: первый менеджер, резервные копии. Использует те же переменные окружения, что и сервер (DATA_DIR, COUCH_URL, JWT_SECRET, …).')
  .helpOption('-h, --help', 'показать справку')
  .helpCommand('help [command]', 'справка по команде')
  .exitOverride();

program.command('create-manager')
  .description('создать менеджера (первого или ещё одного) и показать его одноразовый пароль')
  .requiredOption('--phone <phone>', 'телефон — логин менеджера, например +7 900 123-45-67')
  .requiredOption('--name <name>', 'ФИО менеджера')
  .action(createManagerCommand);

program.command('backup')
  .description('записать резервную копию хранилища и файлов пациентов (сервер может работать)')
  .argument('<file>', 'файл архива, например backups/oblako-2026-12-05.tar.gz')
  .action(backupCommand);

program.command('restore')
  .description('восстановить резервную копию в пустой каталог данных (сервер остановлен)')
  .argument('<file>', 'файл архива, сделанный командой backup')
  .action(restoreCommand);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliFailure) {
    console.error(`Ошибка: ${error.message}`);
    process.exit(1);
  }
  if (error instanceof HttpError) {
    console.error(`Ошибка: ${errorMessage(error.code)}`);
    process.exit(1);
  }
  throw error;
}
