import type { Command } from 'commander';

export function registerRecomputeCommand(_program: Command) {}
