import type { Command } from 'commander';
import { AppError, type FieldIssue } from '../http/errors.ts';
import { demoUsers, ensureDemoUsers } from '../modules/access/access.demo.ts';
import { roles, type Role } from '../modules/access/access.schema.ts';
import { createUser, listUsers } from '../modules/access/access.service.ts';
import { withContext } from './runtime.ts';

interface CreateOptions {
  username: string;
  role: string;
  region: string;
  organisation?: string;
  displayName?: string;
  password?: string;
  passwordStdin?: boolean;
}

/** Reads the whole of standard input (a piped password), without its final line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A service error as lines a person can act on (each invalid field with its reason). */
function describeError(error: unknown): Error {
  if (!(error instanceof AppError)) return error as Error;
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
  return new Error([error.message, ...issues.map((i) => `  ${i.path}: ${i.message}`)].join('\n'));
}

async function createUserCommand(options: CreateOptions) {
  if (!roles.includes(options.role as Role)) throw new Error(`--role must be one of: ${roles.join(', ')}`);
  if (options.password !== undefined && options.passwordStdin)
    throw new Error('Give either --password or --password-stdin, not both.');
  const password = options.passwordStdin ? await readStdin() : options.password;
  if (password === undefined) throw new Error('Give the password with --password or --password-stdin.');
  const user = await withContext((ctx) =>
    createUser(ctx.database.db, {
      username: options.username,
      displayName: options.displayName ?? options.username,
      password,
      role: options.role as Role,
      regionCode: options.region,
      organisation: options.organisation,
    }),
  ).catch((error: unknown) => {
    throw describeError(error);
  });
  console.log(`Created ${user.username} (${user.role}, ${user.regionCode}), id ${user.id}.`);
}

async function listUsersCommand() {
  const users = await withContext((ctx) => listUsers(ctx.database.db));
  console.table(
    users.map((u) => ({
      username: u.username,
      role: u.role,
      area: `${u.regionCode} ${u.regionName}`,
      organisation: u.organisation ?? '',
      active: u.isActive,
    })),
  );
}

async function createDemoUsersCommand() {
  const created = await withContext((ctx) => ensureDemoUsers(ctx.database.db, ctx.config.demoPassword)).catch(
    (error: unknown) => {
      throw describeError(error);
    },
  );
  console.log(created.length > 0 ? `Created ${created.join(', ')}.` : 'The demo users exist already.');
  console.table(demoUsers.map((u) => ({ username: u.username, role: u.role, area: u.areaName })));
  console.log('Password: TEPAT_DEMO_PASSWORD (default tepat-demo-2026), for users created by this command.');
}

/** `tepat users create | list | demo`. */
export function registerUsersCommand(program: Command) {
  const users = program.command('users').description('User accounts, roles and areas');

  users
    .command('create')
    .description('Create a user; the area must fit the role (kelurahan operator: a kelurahan code, …)')
    .requiredOption('--username <username>', '3–32 lower-case letters, digits, ".", "_" or "-"')
    .requiredOption('--role <role>', roles.join(' | '))
    .requiredOption('--region <code>', 'Kemendagri code of the area, e.g. 31.72.01.1001')
    .option('--organisation <code>', 'organisation of an agency or partner user, e.g. DINSOS')
    .option('--display-name <name>', 'name shown in the app (default: the username)')
    .option('--password <password>', 'the password (visible in the process list: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .action(createUserCommand);

  users.command('list').description('List the users with their role and area').action(listUsersCommand);

  users
    .command('demo')
    .description(
      'Create the demo users (one per role) with TEPAT_DEMO_PASSWORD; existing users are left alone',
    )
    .action(createDemoUsersCommand);
}
