import "server-only";
import { createLogger } from "./logFormat";

/** The server's one logger (format and `LOG_LEVEL`: see `createLogger`). */
export const log = createLogger();
