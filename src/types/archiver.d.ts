// The part of archiver 5 (https://github.com/archiverjs/node-archiver) the case-file export uses.
// @types/archiver is not installed (archiver itself comes with exceljs); these are its documented signatures.
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';
  interface EntryData { name: string; date?: Date; store?: boolean }
  interface Archiver extends Transform {
    append(source: Readable | Buffer | string, data: EntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
    on(event: 'entry', listener: (entry: EntryData) => void): this;
    on(event: 'error' | 'warning', listener: (error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  function archiver(format: 'zip', options?: { zlib?: { level?: number }; forceZip64?: boolean }): Archiver;
  export default archiver;
  export type { Archiver, EntryData };
}
