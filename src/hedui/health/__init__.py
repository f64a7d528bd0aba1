"""Voluntary health services: programmes as configuration, enrolment with consent, follow-up.

County health staff run free programmes people *choose* to join (cervical cancer screening,
reproductive-tract infection screening and treatment, birth-defect prevention, a
contraceptive-safety monitoring study). This package keeps their work from falling through the
gaps — a positive result with no referral, a follow-up nobody remembered — and nothing more:

* a programme is data (:mod:`hedui.health.config`), validated so that no configuration can make
  a visit compulsory or ask for a list of people who did not enrol (:mod:`.validation`);
* a person is enrolled one at a time, with their consent (:mod:`.enrolment`), and may withdraw
  at any time, which erases their data but for an anonymous count (:mod:`.withdrawal`);
* the schedule, the work list, the flags and the reminders are computed from what was recorded
  (:mod:`.schedule`, :mod:`.worklist`, :mod:`.reminders`);
* figures leave only as aggregates, small cells suppressed for public use (:mod:`.coverage`).

Pregnancy and contraception data serve only the service the person asked for: nothing here is
read by reconciliation, the registry pages or the general audit log.
"""
