import { cleanup, render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { Sparkline } from '../../../src/ui/components/Sparkline.js';

afterEach(cleanup);

it('renders the samples as one line of blocks', () => {
  const { lastFrame } = render(<Sparkline samples={[0, 50, 100]} width={5} window={3} />);
  expect(lastFrame()).toBe('  ▁▅█');
  // the default window is a minute: three seconds fit in the last cell
  expect(render(<Sparkline samples={[0, 50, 100]} width={5} />).lastFrame()).toBe('    █');
});
