SELECT id, ia FROM arrays ORDER BY ia, id
