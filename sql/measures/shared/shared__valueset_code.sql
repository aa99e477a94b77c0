-- measures.shared__valueset_code: value-set membership, every version of a url as one set.
-- Grain: url x system x code.
-- Implements CQL `in "<value set>"` for the canonical url
-- http://cts.nlm.nih.gov/fhir/ValueSet/<oid>.
select distinct
    vc.url,
    vc.system,
    vc.code
from ref.valueset_code as vc
