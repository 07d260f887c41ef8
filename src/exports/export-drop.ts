/** Pure rules of the scheduled file drop (no file system here). */

const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/** Day folders to remove so that the last `keepDays` days up to `today` (inclusive) remain; anything that is not a day folder is left alone. */
export function dayFoldersToPrune(folders: string[], today: string, keepDays: number): string[] {
  const oldestKept = new Date(`${today}T00:00:00Z`);
  oldestKept.setUTCDate(oldestKept.getUTCDate() - (keepDays - 1));
  const cutoff = oldestKept.toISOString().slice(0, 10);
  return folders.filter((folder) => DAY_FOLDER.test(folder) && folder < cutoff).sort();
}

export interface ManifestFile {
  dataset: string;
  format: string;
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
  columns: { name: string; type: string }[];
  cursor: string;
}

export interface ExportManifest {
  schemaVersion: 1;
  date: string;
  generatedAt: string;
  files: ManifestFile[];
  /** Datasets that failed, with the error message; the others were written. */
  failures: { dataset: string; format: string; error: string }[];
}
