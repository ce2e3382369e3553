export interface EntryPointRef {
  /** Module specifier relative to the package directory, or a bare specifier. */
  module: string;
  /** Named export; `undefined` means the default export. */
  exportName: string | undefined;
}

/** Split `"./dist/x.js#Export"` into module and export name. */
export function parseEntryPoint(value: string): EntryPointRef {
  const hash = value.indexOf('#');
  if (hash === -1) return { module: value, exportName: undefined };
  return { module: value.slice(0, hash), exportName: value.slice(hash + 1) };
}
