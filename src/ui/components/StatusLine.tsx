// The outcome of the last action, reload progress, the quit question or the filter being typed.
import { statusLine, type StatusInput } from '../chrome-model.js';
import { LineText } from './LineText.js';

/** The status line. */
export function StatusLine(props: StatusInput) {
  return <LineText line={statusLine(props)} />;
}
