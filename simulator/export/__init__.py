"""Evidence files as the real tools write them, from the model's state.

Each writer produces the bytes a real server's tool would leave in an evidence bundle (contract
section 3), e.g. `secedit_inf` (secedit /export), `reg_export` (reg export) and `ldif` (ldifde).
None of them ever writes a password, in clear or encrypted form.
"""
