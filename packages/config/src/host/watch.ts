import { watch } from 'chokidar';

/** Watch files (missing ones too, for overlays created later) and call back once per burst of changes. */
export function watchFiles(files: string[], debounceMs: number, onChange: () => void): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(files, { ignoreInitial: true });
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  watcher.on('change', fire).on('add', fire).on('unlink', fire);
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
