// Dashboard login: POST /api/auth/login sets the session cookie, then back to where the user wanted to go.
(function () {
  const form = document.getElementById('login');
  const error = document.getElementById('error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    document.getElementById('submit').disabled = true;
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      });
      if (response.ok) {
        const back = new URLSearchParams(location.search).get('return');
        // Only a path on this site (never //host or /\host, which browsers treat as another site).
        location.href = back && /^\/(?![\/\\])/.test(back) ? back : '/';
        return;
      }
      const problem = await response.json().catch(() => ({}));
      error.textContent = response.status === 429 ? 'Too many attempts: wait a minute.' : (problem.detail || 'Sign-in failed.');
    } catch (e) {
      error.textContent = 'The gateway cannot be reached.';
    } finally {
      document.getElementById('submit').disabled = false;
    }
  });
})();
