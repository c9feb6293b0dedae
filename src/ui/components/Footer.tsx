// The keys that apply now, given the focus and what the source can do.
import { footerLine, type FooterInput } from '../chrome-model.js';
import { LineText } from './LineText.js';

export interface FooterProps extends FooterInput {
  width: number;
}

/** The footer line. */
export function Footer({ width, ...input }: FooterProps) {
  return <LineText line={footerLine(width, input)} />;
}
