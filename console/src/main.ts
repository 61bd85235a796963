/** The console's entry: reads the configuration its page carries and starts the app in `#app`. */
import { ConsoleApp } from './app';
import { CONFIG_META_NAME, parseConsoleConfig } from './config';

const root = document.getElementById('app');
const meta = document.querySelector(`meta[name="${CONFIG_META_NAME}"]`);
if (root) {
  try {
    void new ConsoleApp(root, parseConsoleConfig(meta?.getAttribute('content') ?? '')).start();
  } catch (err) {
    root.textContent = `The console cannot start: ${err instanceof Error ? err.message : String(err)}. Tell whoever deployed it.`;
  }
}
