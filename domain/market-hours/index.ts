export {
  isTradingDay, holidayName, sessionFor, sessionAt, isMarketOpen, msUntilMarketCloses, nextSessionClose,
  nextSessionOpen, nextTradingDay, previousTradingDay, tradingDaysBetween, lastCompletedSession, sessionsAfter, SESSION_OPEN, SESSION_CLOSE,
  type Session,
} from './calendar.js';
export { newYorkDateOf, newYorkWallClock, newYorkOffsetMinutes, fromNewYorkWallTime, type NewYorkWallClock } from './new-york-time.js';
export { SPECIAL_CLOSURES, EARLY_CLOSE_HOUR } from './nyse-rules.js';
