// The benchmark's HTTP app with @pm2/io's HTTP metrics on, as a PM2 user turns them on: the app
// itself loads @pm2/io first (PM2 7 no longer injects it). Without @pm2/io installed it refuses
// to start, and the scenario says so instead of measuring something else.
'use strict';
const io = require('@pm2/io');
io.init({ metrics: { http: true, eventLoop: true, network: false, v8: true, runtime: true } });
require('./http-app.cjs');
