/**
 * `npm run admin -- create --email … --name … --unit … [--kind department|finance] [--level
 * region|city|county] [--password-stdin]`: the first administrator of a deployment without demo
 * mode, on the database the server uses (DATABASE_URL). Without --password-stdin a random
 * password is made and printed once.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppError, bootstrapAdmin } from '@jixiao/core';
import { configFromEnv } from './config.ts';
import { openDatabase } from './database.ts';

const USAGE = `用法 (usage): npm run admin -- create --email 邮箱 --name 姓名 --unit 单位名称
    [--kind department|finance] [--level region|city|county] [--password-stdin]
  在 DATABASE_URL 指向的数据库中创建顶级单位（已有同名顶级单位则使用它）及其管理员账号。`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      kind: { type: 'string', default: 'department' },
      level: { type: 'string', default: 'region' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  if (!values.email || !values.name || !values.unit) {
    console.error(`缺少参数 --email、--name 或 --unit\n${USAGE}`);
    return 2;
  }
  const generated = !values['password-stdin'];
  const password = generated ? randomBytes(12).toString('base64url') : await readStdin();
  const { handle, auth } = await openDatabase({ ...configFromEnv(), demo: false });
  try {
    const made = await bootstrapAdmin(handle.db, auth, {
      email: values.email,
      name: values.name,
      password,
      unitName: values.unit,
      unitKind: values.kind as never,
      unitLevel: values.level as never,
    });
    console.log(`已创建管理员 (admin created): ${values.email.trim().toLowerCase()}`);
    console.log(`单位 (unit): ${values.unit}${made.unitCreated ? '（新建）' : '（已有）'}`);
    if (generated) console.log(`初始密码 (initial password, shown once): ${password}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`未创建 (not created): ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
