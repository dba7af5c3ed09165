/**
 * The files a user picked or dropped, each with the folder it came from: a dropped folder is walked through
 * the DataTransfer entries API, a chosen folder carries webkitRelativePath. The folder name can become the label.
 */

export interface GatheredFile {
  readonly file: File;
  /** Path shown to the user, e.g. "cats/1.jpg" (or just the file name). */
  readonly path: string;
  /** Name of the folder holding the file, '' when it was picked on its own. */
  readonly folder: string;
}

function parentFolder(path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

/** From an <input type=file multiple> (with or without webkitdirectory). */
export function gatherFromInput(files: FileList): GatheredFile[] {
  return Array.from(files).map((file) => {
    const path = file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name;
    return { file, path, folder: parentFolder(path) };
  });
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call: call it until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: GatheredFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    const path = entry.fullPath.replace(/^\//, '');
    out.push({ file, path, folder: parentFolder(path) });
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    for (const child of children) await walk(child, out);
  }
}

/** From a drop: files and whole folders (walked recursively); plain files when entries are unavailable. */
export async function gatherFromDrop(transfer: DataTransfer): Promise<GatheredFile[]> {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((entry) => entry === null)) return gatherFromInput(transfer.files);
  const out: GatheredFile[] = [];
  for (const entry of entries) if (entry !== null) await walk(entry, out);
  return out;
}
