// Custos governance dashboard: sign in through the gateway (POST /api/auth/login, same origin),
// keep the access token in the cookie the service reads (custos_token), then open the dashboard.
(function () {
  'use strict';

  var COOKIE = 'custos_token';
  // The dashboard, and the report downloads its model pages link to.
  var PATHS = ['/governance', '/api/governance/reports'];

  var form = document.getElementById('login-form');
  var error = document.getElementById('login-error');
  var button = document.getElementById('sign-in');

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  // Only back into the dashboard: never to another site.
  function next() {
    var n = new URLSearchParams(window.location.search).get('next');
    return n && n.indexOf('/governance/') === 0 && n.indexOf('//') === -1 && n.indexOf('\\') === -1
      ? n : '/governance/';
  }

  function setCookie(token, maxAge) {
    var secure = window.location.protocol === 'https:' ? '; Secure' : '';
    var age = maxAge > 0 ? '; Max-Age=' + Math.floor(maxAge) : '';
    PATHS.forEach(function (path) {
      document.cookie = COOKIE + '=' + token + '; Path=' + path + age + '; SameSite=Strict' + secure;
    });
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    error.hidden = true;
    var username = form.elements.username.value.trim();
    var password = form.elements.password.value;
    if (!username || !password) {
      fail('Enter your username and password.');
      return;
    }
    button.disabled = true;
    try {
      var response = await fetch('/api/auth/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify({ username: username, password: password })
      });
      if (!response.ok) {
        var detail = 'Sign-in failed (HTTP ' + response.status + ').';
        try {
          var problem = await response.json();
          if (problem && problem.detail) {
            detail = problem.detail;
          }
        } catch (ignored) { /* not problem+json */ }
        fail(detail);
        return;
      }
      var body = await response.json();
      if (!body || typeof body.accessToken !== 'string' || !/^[A-Za-z0-9._-]+$/.test(body.accessToken)) {
        fail('The sign-in service returned no usable access token.');
        return;
      }
      setCookie(body.accessToken, body.expiresIn);
      if (body.refreshToken) {
        // The dashboard keeps only the short-lived access token: end the refresh session now.
        try {
          await fetch('/api/auth/logout', {
            method: 'POST', credentials: 'same-origin', keepalive: true,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ refreshToken: body.refreshToken })
          });
        } catch (ignored) { /* best effort */ }
      }
      window.location.assign(next());
    } catch (e) {
      fail('The sign-in service could not be reached: ' + e.message);
    } finally {
      button.disabled = false;
    }
  });
})();
