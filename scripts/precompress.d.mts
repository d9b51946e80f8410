/** Types of scripts/precompress.mjs for the TypeScript tests that call it. */
export function precompress(dir: string): Promise<{ files: number; raw: number; br: number; gz: number }>;
