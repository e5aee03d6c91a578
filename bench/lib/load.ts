// Load through autocannon (in the benchmark's process, never the server's).
import autocannon from 'autocannon';

export interface LoadResult {
  connections: number;
  /** Offered rate (requests/s) when the run was rate-limited. */
  rate?: number;
  requests: number;
  /** Successful (2xx) requests per second. */
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** Answers by status code, when some were not 2xx. */
  statusCodes?: Record<string, number>;
  durationS: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds, unless `amount` is given. */
  duration?: number;
  amount?: number;
  overallRate?: number;
  /** Builds request number `n` (0, 1, 2, … across all connections). */
  request: (n: number) => { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  const first = options.request(0);
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    timeout: 30,
    requests: [
      {
        method: first.method,
        path: first.path,
        setupRequest: (req) => {
          const r = options.request(n++);
          return { ...req, method: r.method, path: r.path, headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers }, body: r.body } as typeof req;
        },
      },
    ],
  });
  const ok = result['2xx'];
  const statusCodes = result.non2xx ? Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, s]) => [code, s.count ?? 0])) : undefined;
  return {
    connections: options.connections,
    ...(options.overallRate ? { rate: options.overallRate } : {}),
    requests: result.requests.total,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    ...(statusCodes ? { statusCodes } : {}),
    durationS: result.duration,
  };
}
