-- measures.cms117__vaccination: the vaccination days of each child in the CMS117 initial
-- population, per vaccine series of the CQL.
-- Grain: person_id x series x dose_date (the distinct days: CQL unions of dates are sets, so
-- "N vaccinations 1 day or more apart" is N distinct days).
-- Implements the "... Immunizations or Procedures" defines of ChildhoodImmunizationStatusFHIR
-- 0.1.000: [Immunization: <vaccine>].isImmunizationAdministered() (status completed) by
-- `date from occurrence.earliest()`, union [Procedure: <administered>].isProcedurePerformed()
-- (status completed) by `date from performed.earliest()` (the period start, else its end),
-- each during day of its window. Windows depend on the birth date only, not on the period, so
-- this is computed once per child.

-- The series: which code list (value set url or direct-reference concept) of which resource
-- counts, in which window after birth (ages in days and years, as the CQL defines them):
--   from_42_days    "Vaccine Administration Interval - 42 Days up to 2 Years Old"
--   from_180_days   "Vaccine Administration Interval - 180 Days up to 2 Years Old"
--   first_two_years "First Two Years"
--   second_year     "Date of First Birthday to Date of Second Birthday"
--   newborn         Interval[birthDate, birthDate + 7 days]
--   second_birthday Interval["Date of Second Birthday", "Date of Second Birthday"]
with series (series, resource_type, element, url, concept, dose_window) as (
    values
        -- "DTaP Immunizations or Procedures"
        ('dtap', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1214', null, 'from_42_days'), -- DTaP Vaccine
        ('dtap', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1022', null, 'from_42_days'),        -- DTaP Vaccine Administered
        -- "Polio Immunizations or Procedures"
        ('polio', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1219', null, 'from_42_days'), -- Inactivated Polio Vaccine (IPV)
        ('polio', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1045', null, 'from_42_days'),        -- Inactivated Polio Vaccine (IPV) Administered
        -- "One MMR Vaccination"
        ('mmr', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1224', null, 'second_year'),    -- Measles, Mumps and Rubella (MMR) Vaccine
        ('mmr', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1031', null, 'second_year'),           -- Measles, Mumps and Rubella (MMR) Vaccine Administered
        -- "Hib 3 Dose Immunizations or Procedures"
        ('hib_3_dose', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1083', null, 'from_42_days'), -- Hib Vaccine (3 dose schedule)
        ('hib_3_dose', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1084', null, 'from_42_days'),        -- Hib Vaccine (3 dose schedule) Administered
        -- "Hib 4 Dose Immunizations or Procedures"
        ('hib_4_dose', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1085', null, 'from_42_days'), -- Hib Vaccine (4 dose schedule)
        ('hib_4_dose', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1086', null, 'from_42_days'),        -- Hib Vaccine (4 dose schedule) Administered
        -- "Hepatitis B Immunizations or Procedures"
        ('hepb', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1216', null, 'first_two_years'), -- Hepatitis B Vaccine
        ('hepb', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1042', null, 'first_two_years'),        -- Hepatitis B Vaccine Administered
        -- "NewBorn Vaccine Requirement"
        ('hepb_newborn', 'Procedure', 'code', null, 'Introduction of Serum, Toxoid and Vaccine into Muscle, Percutaneous Approach', 'newborn'),
        -- "One Chicken Pox Vaccination"
        ('vzv', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1170', null, 'second_year'),    -- Varicella Zoster Vaccine (VZV)
        ('vzv', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1040', null, 'second_year'),           -- Varicella Zoster Vaccine (VZV) Administered
        -- "Pneumococcal Conjugate Immunizations or Procedures"
        ('pcv', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1221', null, 'from_42_days'), -- Pneumococcal Conjugate Vaccine
        ('pcv', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1046', null, 'from_42_days'),        -- Pneumococcal Conjugate Vaccine Administered
        -- "One Hepatitis A Vaccinations"
        ('hepa', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1215', null, 'second_year'),    -- Hepatitis A Vaccine
        ('hepa', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1041', null, 'second_year'),           -- Hepatitis A Vaccine Administered
        -- "Rotavirus 2 Dose Immunizations or Procedures"
        ('rotavirus_2_dose', 'Immunization', 'vaccineCode', null, 'rotavirus, live, monovalent vaccine', 'from_42_days'),
        ('rotavirus_2_dose', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1048', null, 'from_42_days'), -- Rotavirus Vaccine (2 dose schedule) Administered
        -- "Rotavirus 3 Dose Immunizations or Procedures"
        ('rotavirus_3_dose', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1223', null, 'from_42_days'), -- Rotavirus Vaccine (3 dose schedule)
        ('rotavirus_3_dose', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1047', null, 'from_42_days'),        -- Rotavirus Vaccine (3 dose schedule) Administered
        -- "Influenza Immunizations or Procedures" (the procedure window starts at 180 days)
        ('influenza', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1218', null, 'from_42_days'), -- Child Influenza Vaccine
        ('influenza', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1044', null, 'from_180_days'),      -- Child Influenza Vaccine Administered
        -- "LAIV Vaccinations"
        ('laiv', 'Immunization', 'vaccineCode', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1087', null, 'second_birthday'), -- Influenza Virus LAIV Vaccine
        ('laiv', 'Procedure', 'code', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1088', null, 'second_birthday')        -- Influenza Virus LAIV Vaccine Administered
),

-- The children: every person who is in the initial population of some period.
child as (
    select distinct
        person_id,
        birth_date
    from measures.cms117__initial_population
),

-- Records coded for a series: a coding in its value set, or equivalent (~) to its code
-- (duplicates fold in the final grouping).
coded as (
    select cv.provider, cv.resource_type, cv.id, cv.code, s.series, s.dose_window
    from measures.shared__coding_valueset as cv
    join series as s
        on s.url = cv.url
        and s.resource_type = cv.resource_type
        and s.element = cv.element
    union all
    select cc.provider, cc.resource_type, cc.id, cc.code, s.series, s.dose_window
    from measures.shared__coding_concept as cc
    join series as s
        on s.concept = cc.concept
        and s.resource_type = cc.resource_type
        and s.element = cc.element
),

-- Administered immunizations (Status isImmunizationAdministered): `date from
-- occurrence.earliest()` is the day of occurrenceDateTime.
immunization_dose as (
    select
        pr.person_id,
        c.series,
        c.dose_window,
        c.code,
        cast(i.occurrence_at as date) as dose_date
    from core.immunization as i
    join core.person_record as pr
        on pr.provider = i.provider
        and pr.patient_id = i.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'immunization_administered'
        and sr.status = i.status
    join coded as c
        on c.provider = i.provider
        and c.resource_type = 'Immunization'
        and c.id = i.id
    where i.occurrence_at is not null
),

-- Performed procedures (Status isProcedurePerformed): `date from performed.earliest()` is the
-- day the performed period starts, or ends when it has no start.
procedure_dose as (
    select
        pr.person_id,
        c.series,
        c.dose_window,
        c.code,
        cast(coalesce(p.performed_start, p.performed_end) as date) as dose_date
    from core.procedure as p
    join core.person_record as pr
        on pr.provider = p.provider
        and pr.patient_id = p.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'procedure_performed'
        and sr.status = p.status
    join coded as c
        on c.provider = p.provider
        and c.resource_type = 'Procedure'
        and c.id = p.id
    where coalesce(p.performed_start, p.performed_end) is not null
),

dose as (
    select person_id, series, dose_window, code, dose_date from immunization_dose
    union all
    select person_id, series, dose_window, code, dose_date from procedure_dose
)

-- Each dose inside its window (closed intervals of dates; `+ 2 years` on 29 February lands on
-- 28 February, as in CQL).
select
    ch.person_id,
    d.series,
    d.dose_date,
    min(d.code) as code
from dose as d
join child as ch
    on ch.person_id = d.person_id
where d.dose_date between
        case d.dose_window
            when 'from_42_days' then ch.birth_date + 42
            when 'from_180_days' then ch.birth_date + 180
            when 'first_two_years' then ch.birth_date
            when 'second_year' then cast(ch.birth_date + interval 1 year as date)
            when 'newborn' then ch.birth_date
            when 'second_birthday' then cast(ch.birth_date + interval 2 year as date)
        end
    and case d.dose_window
            when 'newborn' then ch.birth_date + 7
            else cast(ch.birth_date + interval 2 year as date)
        end
group by ch.person_id, d.series, d.dose_date
