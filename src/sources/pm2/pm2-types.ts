// PM2's shapes as clmon reads them from rpc.sock (getMonitorData) and pub.sock (process events),
// and a PM2 process with its clmon identity. Types only.

/** The fields of a getMonitorData entry that clmon reads (PM2 sends many more). */
export interface Pm2Process {
  pid: number;
  name: string;
  pm_id: number;
  monit?: { cpu?: number; memory?: number };
  pm2_env: Pm2Env;
}

export interface Pm2Env {
  name?: string;
  pm_id?: number | string;
  status?: string;
  restart_time?: number;
  /** ms since the epoch when the current run started */
  pm_uptime?: number;
  exec_mode?: string;
  instance_var?: string;
  exit_code?: number;
  pm_out_log_path?: string;
  pm_err_log_path?: string;
  [key: string]: unknown;
}

/** One PM2 process with its clmon identity. */
export interface Pm2Worker {
  pmId: number;
  app: string;
  id: number;
  proc: Pm2Process;
}
