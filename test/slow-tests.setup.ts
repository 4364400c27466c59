// Integration and end-to-end tests start real engines (PGlite boots a WebAssembly PostgreSQL).
jest.setTimeout(120_000);
