-- latest_run_status: the latest compute run and its status (zero rows before the first).
select run_id, status
from meta.compute_run
order by run_id desc
limit 1
