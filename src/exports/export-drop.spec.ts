import { dayFoldersToPrune } from './export-drop';

describe('dayFoldersToPrune', () => {
  it.each([
    { name: 'keeps the last N days including today', folders: ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'], keep: 3, pruned: ['2026-11-18', '2026-11-19'] },
    { name: 'keeps everything when there are fewer days', folders: ['2026-11-22'], keep: 7, pruned: [] },
    { name: 'keeping 1 day keeps only today', folders: ['2026-11-21', '2026-11-22'], keep: 1, pruned: ['2026-11-21'] },
    { name: 'crosses month and year ends', folders: ['2025-12-30', '2025-12-31', '2026-01-01'], keep: 2, pruned: ['2025-12-30'] },
    { name: 'leaves other names alone', folders: ['notes', '2026-11-22.tmp', 'lost+found', '2020-01-01'], keep: 2, pruned: ['2020-01-01'] },
  ])('$name', ({ folders, keep, pruned }) => {
    const today = folders.includes('2026-01-01') ? '2026-01-01' : '2026-11-22';
    expect(dayFoldersToPrune(folders, today, keep)).toEqual(pruned);
  });
});
