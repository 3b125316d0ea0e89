/** Settles when a `release` line arrives on the process's stdin. */
export declare const released: Promise<void>;
/** Stops reading stdin, so that the process can exit by itself. */
export declare function closeStdin(): void;
