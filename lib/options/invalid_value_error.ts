/**
 * The error the value parsers throw. It is a UserInputError whose `detail` (what is wrong and the accepted form)
 * can be reused by option parsing to name the option without parsing messages.
 * @module
 */
import { UserInputError } from "../core/errors.ts";

/** A value that does not parse: `Cannot parse size "12x": unknown suffix "x" (use b, kb, mb, gb or tb)`. */
export class InvalidValueError extends UserInputError {
  /**
   * @param what the kind of value, for the message: "size", "timespan", "date/time", "version list"
   * @param text the offending input, verbatim
   * @param detail what is wrong and what is accepted, in sentence case without a trailing period
   */
  constructor(readonly what: string, readonly text: string, readonly detail: string, options?: ErrorOptions) {
    super(`Cannot parse ${what} "${text}": ${detail}`, options);
  }
}
