/** The one source of time: services never call `new Date()` themselves, so tests and training mode can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: for tests and the demo/training mode. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * The training mode's clock (ONETRIP_TRAINING=1): runs like the real one from a moved starting
 * point, so staff can practise deadlines across holidays without waiting.
 */
export class TrainingClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  set(instant: Date | string): void {
    this.offset = new Date(instant).getTime() - Date.now();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
