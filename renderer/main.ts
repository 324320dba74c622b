// The dashboard's entry. It will reach the core only through core/api/protocol (lint-enforced).
const status = document.getElementById('status');
if (status) status.dataset.ready = 'true';
