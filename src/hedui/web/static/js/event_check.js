// The checks of hedui.web.event_form.check_event_form, in the browser, for a form filled in
// without a network: the same errors and warnings, with the same message ids and parameters,
// in the same order. Only the "did you mean" suggestions for a wrong check character are left
// to the server (it ranks them with hedui.identity.repair); the upload is checked again there.

import { ageOn, normalizeSex, parseDateOrNull, parseResidentId, pyStrip } from "./identity.js";

export const REQUIRED = "This field is required.";
const MOTHER_AGE_RANGE = [14, 55];
const ANY_CONTROL = /[\x00-\x1F\x7F-\x9F]/u;

function issue(field, message, params = {}) {
  return { field, message, params };
}

function textProblem(check, spec, text, maxLengths) {
  const control = ANY_CONTROL.exec(text);
  if (control) {
    const code = "U+" + control[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    check.errors.push(issue(spec.name, "Contains the invisible control character %(code)s; delete it and retype.", { code }));
    return true;
  }
  const limit = maxLengths[spec.name];
  if (spec.kind === "text" && limit !== undefined && Array.from(text).length > limit) {
    check.errors.push(issue(spec.name, "At most %(limit)s characters.", { limit: String(limit) }));
    return true;
  }
  return false;
}

function checkDate(check, spec, text, today, thisYear) {
  let parsed;
  try {
    parsed = parseDateOrNull(text, thisYear);
  } catch (error) {
    check.errors.push(issue(spec.name, "Not a valid date: %(detail)s", { detail: error.message }));
    return null;
  }
  if (parsed === null) return null;
  if (parsed.value > today) {
    check.errors.push(issue(spec.name, "This date is in the future."));
    return null;
  }
  if (parsed.ambiguous && parsed.reason) {
    check.warnings.push(issue(spec.name, "Read as %(date)s: %(reason)s", { date: parsed.value, reason: parsed.reason }));
  }
  return parsed.value;
}

function checkSex(check, text) {
  if (!text) return null;
  const sex = normalizeSex(text);
  if (sex === null) {
    check.errors.push(issue("sex", "Choose male or female."));
    return null;
  }
  return sex === "1" || sex === "2" ? sex : null;
}

function checkId(check, spec, text, today) {
  if (!text) return null;
  const parsed = parseResidentId(text, today);
  if (parsed.ok) return parsed;
  if (parsed.kind === "check_digit") {
    check.errors.push(issue(spec.name, "The check digit is wrong: a digit is probably mistyped, or two swapped."));
  } else {
    check.errors.push(issue(spec.name, "Not a resident ID number: %(detail)s", { detail: parsed.detail }));
  }
  return null;
}

/**
 * Check a form of one event type.
 *
 * @param {string} event the event type ("birth", "death" ...)
 * @param {{name: string, kind: string, required: boolean}[]} specs the form's fields
 * @param {Record<string, string>} form the typed values
 * @param {{today: string, thisYear?: number, maxLengths: Record<string, number>}} options
 * @returns {{errors: object[], warnings: object[], ok: boolean}}
 */
export function checkEventForm(event, specs, form, { today, thisYear, maxLengths }) {
  const check = { errors: [], warnings: [] };
  let values = Object.fromEntries(specs.map((s) => [s.name, pyStrip(form[s.name] || "")]));
  const unusable = new Set(specs.filter((s) => textProblem(check, s, values[s.name], maxLengths)).map((s) => s.name));
  values = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, unusable.has(k) ? "" : v]));
  const dates = {};
  for (const s of specs) if (s.kind === "date") dates[s.name] = checkDate(check, s, values[s.name], today, thisYear);
  let sex = checkSex(check, values.sex || "");
  const ids = {};
  for (const s of specs) if (s.kind === "id") ids[s.name] = checkId(check, s, values[s.name], today);
  const person = ids.id_number ?? null;
  let birthDate = dates.birth_date ?? null;
  if (person) {
    if (birthDate === null) {
      birthDate = person.birthDate;
      check.warnings.push(issue("birth_date", "Birth date taken from the ID number: %(date)s.", { date: birthDate }));
    } else if (birthDate !== person.birthDate) {
      check.warnings.push(issue("birth_date", "The ID number says born %(id_date)s, the form says %(date)s.", { id_date: person.birthDate, date: birthDate }));
    }
    if (sex === null) sex = person.sex;
    else if (sex !== person.sex) check.warnings.push(issue("sex", "The ID number's sex digit does not agree with the sex chosen."));
  }
  for (const s of specs) {
    const missing = !values[s.name] && !unusable.has(s.name);
    const derived = (s.name === "birth_date" && birthDate !== null) || (s.name === "sex" && sex !== null);
    if (s.required && missing && !derived) check.errors.push(issue(s.name, REQUIRED));
  }
  const eventDate = event === "birth" ? birthDate : (dates.event_date ?? null);
  const mother = ids.mother_id_number ?? null;
  if (event !== "birth" && eventDate && birthDate && eventDate < birthDate) {
    check.errors.push(issue("event_date", "The event date is before the birth date."));
  }
  if (mother && mother.sex !== "2") {
    check.warnings.push(issue("mother_id_number", "The mother's ID number has a male sex digit."));
  }
  if (event === "birth" && birthDate && mother) {
    const age = ageOn(mother.birthDate, birthDate);
    if (age < MOTHER_AGE_RANGE[0] || age > MOTHER_AGE_RANGE[1]) {
      check.warnings.push(issue("mother_id_number", "The mother would have been %(age)s years old at the birth.", { age: String(age) }));
    }
  }
  return { ...check, ok: check.errors.length === 0 };
}

/** The check without "required" errors: while typing, a blank field is not yet wrong. */
export function withoutMissing(check) {
  const errors = check.errors.filter((i) => i.message !== REQUIRED);
  return { ...check, errors, ok: errors.length === 0 };
}
