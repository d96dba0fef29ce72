import type { Command } from 'commander';

export function registerUsersCommand(_program: Command) {}
