/**
 * `chdb/connection` is published through package.json "exports", which this repository's
 * `moduleResolution: node` does not read; the declarations are in the package's dist folder.
 */
declare module 'chdb/connection' {
  export * from 'chdb/dist/connection';
}
