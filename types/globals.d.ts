// What the components' classic scripts put on window (tsconfig.json: checked with tsc --checkJs).
interface Window {
  /** Material for MkDocs' globals, written by overrides/components/embed/material-globals.js. */
  __md_scope: URL;
  __md_hash: (value: string) => number;
  __md_get: (key: string, storage?: Storage, base?: URL) => any;
  __md_set: (key: string, value: unknown, storage?: Storage, base?: URL) => void;
  /** The embed host script's public name (overrides/components/embed/embed-host.js). */
  shebaoGuideEmbed: unknown;
}
