const express = require('express');
const { auth } = require('express-openid-connect');

const app = express();

app.use(
  auth({
    authRequired: false,
    issuerBaseURL: 'https://acme.my.erp.net/id',
    baseURL: 'https://portal.acme.example',
    clientID: 'com.acme/portal',
    clientSecret: 'Hy5Rw8Qm2Nk7Ts1Lv4Pz9Bc3Xf6Dj0Ga',
    secret: process.env.SESSION_SECRET,
    authorizationParams: { response_type: 'code', scope: 'openid profile read' },
  })
);

app.listen(process.env.PORT || 3000);
