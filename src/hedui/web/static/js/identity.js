// The checks of hedui.identity, in the browser: resident ID numbers (GB 11643-1999), dates as
// Chinese records write them, sex codes (GB/T 2261.1). A port of resident_id_text.py, dates.py
// (text input only) and sex.py, so that a form filled in without a network is checked by the
// same rules as on the server. tests/web/browser/test_identity_js.py runs this module in
// Chromium beside the Python functions over thousands of generated inputs and requires the
// same verdicts. Known differences: digits other than ASCII (after NFKC), such as Arabic-Indic
// ones, are not read as digits here; the server judges such text when the entry is uploaded.

const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
const CHECK_CHARACTERS = "0123456789X";
const EARLIEST_BIRTH_YEAR = 1900;
const DROPPED = new Set("'\"\u2018\u2019\u201c\u201d`_");
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const DROPPED_CATEGORY = /^[\p{Pd}\p{Cf}\p{Cc}\p{Zs}]$/u;

/** Python's str.strip(): the same whitespace, no more (JS trim() also removes U+FEFF). */
export function pyStrip(text) {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && PY_SPACE.test(chars[start])) start += 1;
  while (end > start && PY_SPACE.test(chars[end - 1])) end -= 1;
  return chars.slice(start, end).join("");
}

/** Python's repr() of a string, for the texts of error messages. */
export function pyRepr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return quote + out + quote;
}

function clean(text) {
  const folded = text.normalize("NFKC").replace(/[×x]/gu, "X");
  return Array.from(folded)
    .filter((ch) => !PY_SPACE.test(ch) && !DROPPED.has(ch) && !DROPPED_CATEGORY.test(ch))
    .join("");
}

/** resident_id_text.normalize: full-width to ASCII, separators and quotes dropped, x → X. */
export function normalizeId(raw) {
  return raw == null ? "" : clean(clean(String(raw)));
}

const isAsciiDigits = (text) => /^[0-9]+$/.test(text);

function weightedCheck(body) {
  let total = 0;
  for (let i = 0; i < 17; i += 1) total += Number(body[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[(((1 - total) % 11) + 11) % 11];
}

/** The ISO 7064 MOD 11-2 check character of 17 digits, or null if not given 17 digits. */
export function checkCharacter(first17) {
  const body = normalizeId(first17);
  return body.length === 17 && isAsciiDigits(body) ? weightedCheck(body) : null;
}

/** An old 15-digit number in 18 digits (century 19, check appended), or null. */
export function to18(number15) {
  const number = normalizeId(number15);
  if (number.length !== 15 || !isAsciiDigits(number)) return null;
  const body = number.slice(0, 6) + "19" + number.slice(6);
  return body + weightedCheck(body);
}

function pad(value, width) {
  return String(value).padStart(width, "0");
}

/** "YYYY-MM-DD" if year, month and day name a day of the proleptic Gregorian calendar. */
export function realDay(year, month, day) {
  if (!(year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1)) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > lengths[month - 1]) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function idError(kind, chinese, english) {
  return { ok: false, kind, detail: `${chinese} / ${english}` };
}

/**
 * resident_id.parse: {ok: true, number, birthDate, sex, was15} or {ok: false, kind, detail},
 * kind "malformed" or "check_digit", detail the server's bilingual message.
 */
export function parseResidentId(raw, today) {
  let number = normalizeId(raw);
  const n = Array.from(number).length;
  const was15 = n === 15;
  if (n !== 15 && n !== 18) {
    return idError(
      "malformed",
      `身份证号 ${pyRepr(raw)} 有 ${n} 位，应为 18 位（或旧式 15 位）；请核对是否漏录或多录`,
      `resident ID ${pyRepr(raw)} has ${n} characters, expected 18 (or 15 for old numbers); check for missing or extra digits`,
    );
  }
  const chars = Array.from(number);
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i];
    if (!(isAsciiDigits(ch) || (i === 17 && ch === "X"))) {
      return idError(
        "malformed",
        `身份证号 ${number} 第 ${i + 1} 位是 ${pyRepr(ch)}；只能是数字，仅 18 位号码的最后一位可以是 X`,
        `resident ID ${number} has ${pyRepr(ch)} at position ${i + 1}; only digits are allowed, and X only as the last of 18 characters`,
      );
    }
  }
  if (was15) number = to18(number);
  const digits = number.slice(6, 14);
  const born = realDay(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6)));
  let problem = null;
  if (born === null) problem = ["不存在", "does not exist"];
  else if (Number(digits.slice(0, 4)) < EARLIEST_BIRTH_YEAR) problem = ["早于 1900 年", "is before 1900"];
  else if (born > today) problem = ["晚于今天", "is in the future"];
  if (problem) {
    return idError(
      "malformed",
      `身份证号 ${number} 中的出生日期 ${digits} ${problem[0]}；请核对第 7-14 位`,
      `the birth date ${digits} in resident ID ${number} ${problem[1]}; check digits 7-14`,
    );
  }
  const expected = weightedCheck(number.slice(0, 17));
  if (number[17] !== expected) {
    return idError(
      "check_digit",
      `身份证号 ${number} 校验位错误：应为 ${expected}，实为 ${number[17]}；很可能有一位数字录错或相邻两位颠倒，请对照证件核对`,
      `check character is wrong: expected ${expected}, found ${number[17]}; most likely one digit is mistyped or two adjacent digits are swapped, compare with the card`,
    );
  }
  return { ok: true, number, birthDate: born, sex: sexFromId(number), was15 };
}

/** sex.sex_from_id: "1" (odd sequence digit), "2" (even) or "0" when it cannot be read. */
export function sexFromId(raw) {
  const text = Array.from(normalizeId(raw));
  const digit = text.length === 18 ? text[16] : text.length === 15 ? text[14] : null;
  if (digit === null || !isAsciiDigits(digit)) return "0";
  return Number(digit) % 2 === 1 ? "1" : "2";
}

const SEX_SPELLINGS = {
  1: "1", 2: "2", 0: "0", 9: "9",
  男: "1", 男性: "1", 女: "2", 女性: "2",
  未知: "0", 未知的性别: "0", 未说明: "9", 未说明的性别: "9",
  m: "1", male: "1", f: "2", female: "2",
};

/** sex.normalize_sex for text: the GB/T 2261.1 code, "0" for a blank, null if not understood. */
export function normalizeSex(value) {
  const text = pyStrip(String(value ?? "").normalize("NFKC")).toLowerCase();
  if (!text) return "0";
  return Object.hasOwn(SEX_SPELLINGS, text) ? SEX_SPELLINGS[text] : null;
}

// ---- dates (dates.py, for text) ----

const MIN_YEAR = 1800;
const MAX_YEAR = 2200;
const EXCEL_MAX_SERIAL = 73415;
const BLANKS = new Set(["", "null", "none", "nan", "nat", "n/a", "na", "-", "--", "—", "/", "无", "不详", "未知"]);
const ZERO_DATE = /^0{4}[-/.]?0{2}[-/.]?0{2}(?:[ T][^\n]*)?$/u;
const TIME = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const SEPARATED = new RegExp(String.raw`^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})${TIME}$`, "u");
const CHINESE = /^(\d{2}|\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/u;
const COMPACT = new RegExp(String.raw`^(\d{8}|\d{6})${TIME}$`, "u");
const SERIAL = /^\d{5}(?:\.\d+)?$/u;
const PARTIAL = /^\d{4}\s*(?:年\s*(?:\d{1,2}\s*月?)?|[-/.]\d{1,2})?$/u;
const CHINESE_NUMERAL = /[〇零一二三四五六七八九十]+/gu;
const CHINESE_DIGITS = { 〇: "0", 零: "0", 一: "1", 二: "2", 三: "3", 四: "4", 五: "5", 六: "6", 七: "7", 八: "8", 九: "9" };

class DateError extends Error {}

function dateError(raw, chinese, english) {
  return new DateError(`日期 ${pyRepr(raw)} 无效：${chinese} / invalid date ${pyRepr(raw)}: ${english}`);
}

function isBlank(text) {
  const folded = pyStrip(text.normalize("NFKC"));
  return BLANKS.has(folded.toLowerCase()) || ZERO_DATE.test(folded);
}

function chineseNumeral(text) {
  const digits = (part) => Array.from(part).map((ch) => CHINESE_DIGITS[ch]).join("");
  if (!text.includes("十")) return digits(text);
  if (text.split("十").length - 1 > 1 || Array.from(text).length > 3) return text;
  const [tens, units] = text.split("十");
  return String(Number(digits(tens) || "1") * 10 + Number(digits(units) || "0"));
}

function fullYear(twoDigits, thisYear) {
  const year = Math.floor(thisYear / 100) * 100 + twoDigits;
  return year <= thisYear ? year : year - 100;
}

function fromGroups(raw, yearText, monthText, dayText, thisYear) {
  let year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  let reason = null;
  if (yearText.length === 2) {
    year = fullYear(year, thisYear);
    reason = `两位年份 ${yearText} 按 ${year} 年理解 / two-digit year ${yearText} read as ${year}`;
  }
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw dateError(raw, `年份 ${year} 不合理（应在 ${MIN_YEAR}–${MAX_YEAR} 之间）`, `implausible year ${year} (expected ${MIN_YEAR}–${MAX_YEAR})`);
  }
  if (!(month >= 1 && month <= 12)) throw dateError(raw, `没有 ${month} 月`, `there is no month ${month}`);
  const value = realDay(year, month, day);
  if (value === null) throw dateError(raw, `${year}年${month}月没有${day}日`, `${year}-${pad(month, 2)} has no day ${day}`);
  return { value, ambiguous: reason !== null, reason };
}

function tryDay(year, month, day, thisYear) {
  try {
    return fromGroups("", year, month, day, thisYear);
  } catch (error) {
    if (error instanceof DateError) return null;
    throw error;
  }
}

function yearLast(raw, first, middle, year, thisYear) {
  const monthDay = tryDay(year, first, middle, thisYear);
  const dayMonth = tryDay(year, middle, first, thisYear);
  if (monthDay === null) {
    if (dayMonth === null) throw dateError(raw, "不是有效的日期", "neither month/day nor day/month gives a real day");
    return dayMonth;
  }
  if (dayMonth === null || dayMonth.value === monthDay.value) return monthDay;
  let reason = `日月顺序不明：按月/日读为 ${monthDay.value}，按日/月则为 ${dayMonth.value} / day and month order unclear: read as month/day ${monthDay.value}, day/month would give ${dayMonth.value}`;
  if (monthDay.reason) reason = `${monthDay.reason}; ${reason}`;
  return { value: monthDay.value, ambiguous: true, reason };
}

function fromSeparated(raw, first, middle, last, thisYear) {
  if (first.length === 4 || (first.length === 2 && Number(first) > 31 && last.length <= 2)) {
    return fromGroups(raw, first, middle, last, thisYear);
  }
  if (last.length === 4 || (last.length === 2 && Number(last) > 31 && first.length <= 2)) {
    return yearLast(raw, first, middle, last, thisYear);
  }
  throw dateError(raw, "分不清哪一部分是年份，请用四位年份", "cannot tell which part is the year; write the year with four digits");
}

function fromExcelSerial(serial, raw) {
  if (!(serial >= 1 && serial < EXCEL_MAX_SERIAL + 1)) {
    throw dateError(raw, `Excel 日期序号应在 1–${EXCEL_MAX_SERIAL} 之间`, `an Excel date serial must be between 1 and ${EXCEL_MAX_SERIAL}`);
  }
  const days = Math.floor(serial);
  if (days === 60) throw dateError(raw, "Excel 序号 60 是不存在的 1900-02-29", "Excel serial 60 is the non-existent 1900-02-29");
  const epoch = days > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  return { value: new Date(epoch + days * 86400000).toISOString().slice(0, 10), ambiguous: false, reason: null };
}

/**
 * dates.parse_date_or_none for text: null for a blank, else {value: "YYYY-MM-DD", ambiguous,
 * reason}; throws an Error with the server's bilingual message when the text is not a date.
 */
export function parseDateOrNull(raw, thisYear = new Date().getFullYear()) {
  if (raw == null || isBlank(raw)) return null;
  let text = pyStrip(raw.normalize("NFKC"));
  let match;
  if (text.includes("年")) {
    text = text.replace(CHINESE_NUMERAL, chineseNumeral);
    if ((match = CHINESE.exec(text))) return fromGroups(raw, match[1], match[2], match[3], thisYear);
  }
  if ((match = SEPARATED.exec(text))) return fromSeparated(raw, match[1], match[3], match[4], thisYear);
  if ((match = COMPACT.exec(text))) {
    const digits = match[1];
    return digits.length === 8
      ? fromGroups(raw, digits.slice(0, 4), digits.slice(4, 6), digits.slice(6), thisYear)
      : fromGroups(raw, digits.slice(0, 2), digits.slice(2, 4), digits.slice(4), thisYear);
  }
  if (SERIAL.test(text)) return fromExcelSerial(Number(text), raw);
  if (PARTIAL.test(text)) {
    throw dateError(raw, "日期不完整，缺少月或日；请补全为 YYYY-MM-DD", "incomplete date, the month or day is missing; complete it as YYYY-MM-DD");
  }
  throw dateError(raw, "无法识别的日期格式，请写成 YYYY-MM-DD", "unrecognised date format; write it as YYYY-MM-DD");
}

/** Whole years from the day born to the day on (both "YYYY-MM-DD"), as event_form._age. */
export function ageOn(born, on) {
  const [by, bm, bd] = born.split("-").map(Number);
  const [oy, om, od] = on.split("-").map(Number);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** The local calendar day as "YYYY-MM-DD" (the server's today in a village office). */
export function todayIso(now = new Date()) {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}
