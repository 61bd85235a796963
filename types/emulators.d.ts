// Minimal typings for the local emulators that ship none.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
declare module 'aws-ses-v2-local/dist/store' {
  export interface Email {
    messageId: string;
    from: string;
    destination: { to: string[]; cc: string[]; bcc: string[] };
    subject: string;
    body: { html?: string; text?: string };
    at: number;
  }
  export let saveEmail: (email: Email) => void;
  export function getStoreReadonly(): { emails: Email[] };
  export function clearStore(): void;
}
