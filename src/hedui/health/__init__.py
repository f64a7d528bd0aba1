"""Voluntary health services: programmes as configuration, enrolment with consent, follow-up.

County health staff run free programmes people *choose* to join (cervical cancer screening,
reproductive-tract infection screening and treatment, birth-defect prevention). This package
keeps their work from falling through the gaps — a positive result with no referral, a
follow-up nobody remembered — and nothing more. It never tracks anyone's contraception,
pregnancy status or the sex of a foetus, consent or not:

* a programme is data (:mod:`hedui.health.config`), validated so that no configuration can make
  a visit compulsory, ask for a list of people who did not enrol, or use the words of
  birth-control enforcement (:mod:`.validation`, :mod:`.lexicon`); an admin's programme takes
  effect only when a second admin approves it (:mod:`.catalogue`);
* a person is enrolled one at a time, with their consent (:mod:`.enrolment`), and may withdraw
  at any time, which erases their data but for an anonymous count (:mod:`.withdrawal`);
* the schedule, the work list, the flags and the reminders are computed from what was recorded;
  the person may decline any visit, and a visit left overdue lapses instead of staying on the
  list for ever (:mod:`.schedule`, :mod:`.worklist`, :mod:`.reminders`);
* figures leave only as aggregates and rates, never as counts of people who did not come, small
  cells suppressed for public use (:mod:`.coverage`).

Health data serve only the service the person asked for: nothing here is read by
reconciliation, the registry pages or the general audit log.
"""
