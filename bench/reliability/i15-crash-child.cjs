// A worker that starts a child (`sleep 1007`, which does not know it is ours) and crashes soon
// after: a crash loop of it must not leave one orphan per crash. Prints "child <pid>".
const { spawn } = require('node:child_process');
const child = spawn('sleep', ['1007'], { stdio: 'ignore' });
console.log(`child ${child.pid}`);
setTimeout(() => process.exit(1), Number(process.env.CRASH_AFTER_MS ?? 150));
