import { expect, test } from 'vitest';
import { splitArgs } from '../../src/config/split-args.js';

test('splits on spaces, keeping quoted words together', () => {
  expect(splitArgs('--port 80  "two words" \'single quoted\' tail', 'w')).toEqual(['--port', '80', 'two words', 'single quoted', 'tail']);
});

test('quotes join with adjacent text, empty quotes give an empty word, backslash escapes', () => {
  expect(splitArgs('--name="a b" \'\' a\\ b "say \\"hi\\""', 'w')).toEqual(['--name=a b', '', 'a b', 'say "hi"']);
});

test('single quotes keep backslashes literally', () => {
  expect(splitArgs("'C:\\dir'", 'w')).toEqual(['C:\\dir']);
});

test('an empty or blank string has no words', () => {
  expect(splitArgs('   ', 'w')).toEqual([]);
});

test('an unclosed quote is an error naming where and the text', () => {
  expect(() => splitArgs('--a "b', 'app "web": field "args"')).toThrow('app "web": field "args": "--a \\"b" has an unclosed " quote');
});
