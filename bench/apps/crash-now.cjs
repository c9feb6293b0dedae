// A worker that exits at once with code 1: the restart-loop scenario.
'use strict';
process.exit(1);
