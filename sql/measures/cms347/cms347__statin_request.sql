-- measures.cms347__statin_request: medication requests for a statin, ordered or not ordered.
-- Grain: provider x medication request id.
-- Implements the retrieves of StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR
-- 0.2.000 [MedicationRequest: "<Low|Moderate|High> Intensity Statin Therapy"] (is_not_requested
-- false) and [MedicationNotRequested: ...] (is_not_requested true: the QI-Core profile of a
-- request with doNotPerform = true). The medication is the request's medicationCodeableConcept
-- or, for a medicationReference, the referenced Medication's code.

-- The statin value sets, any intensity.
with statin_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1574'), -- Low Intensity Statin Therapy
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1575'), -- Moderate Intensity Statin Therapy
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1572')  -- High Intensity Statin Therapy
),

-- The statin code of each request: its own concept, or its Medication's.
statin_code as (
    select
        cv.provider,
        cv.id,
        min(cv.code) as code
    from measures.shared__coding_valueset as cv
    join statin_valueset as sv
        on sv.url = cv.url
    where cv.resource_type = 'MedicationRequest'
        and cv.element = 'medication'
    group by cv.provider, cv.id
    union all
    select
        m.provider,
        m.id,
        min(cv.code) as code
    from core.medication_request as m
    join measures.shared__coding_valueset as cv
        on cv.provider = m.provider
        and cv.resource_type = 'Medication'
        and cv.id = m.medication_id
        and cv.element = 'code'
    join statin_valueset as sv
        on sv.url = cv.url
    where m.medication_id is not null
    group by m.provider, m.id
)

select
    m.provider,
    m.id,
    pr.person_id,
    min(sc.code) as code,
    coalesce(m.do_not_perform, false) as is_not_requested,
    m.status,
    m.intent,
    m.authored_on,
    m.bounds_start,
    m.bounds_end
from core.medication_request as m
join core.person_record as pr
    on pr.provider = m.provider
    and pr.patient_id = m.patient_id
join statin_code as sc
    on sc.provider = m.provider
    and sc.id = m.id
group by m.provider, m.id, pr.person_id, m.do_not_perform, m.status, m.intent, m.authored_on,
    m.bounds_start, m.bounds_end
