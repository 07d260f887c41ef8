import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The scoring stays pure so runs, previews, backtests and tests agree: no framework or database
 * import, and no reading of the clock (every "now" is an `asOf` argument).
 */
const logicFiles = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));

describe('pure scoring files', () => {
  it('exist', () => {
    expect(logicFiles).toEqual(expect.arrayContaining(['curve.ts', 'score.ts', 'what-changed.ts', 'index.ts']));
  });

  it.each(logicFiles)('%s imports no framework or database and never reads the clock', (file) => {
    const source = readFileSync(path.join(__dirname, file), 'utf8');
    expect(source).not.toMatch(/from '(@nestjs\/[^']*|typeorm|pg|pg-[^']*)'/);
    expect(source).not.toMatch(/new Date\(\s*\)|Date\.now\(/);
  });
});
