import type { Command } from 'commander';

export function registerRegionsCommand(_program: Command) {}
