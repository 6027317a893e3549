<?php
// Read by the factory that builds the GenericProvider (league/oauth2-client).
return [
    'signedOut' => <<<'TEXT'
        You're signed out. Sessions stay in storage/sessions/*.json until midnight.
        TEXT,
    'clientId' => getenv('ERP_CLIENT_ID') ?: 'com.example/web',
    'clientSecret' => getenv('ERP_CLIENT_SECRET') ?: '1c5Z8ugdXOcgIKzoyYfeu1ws',
    'redirectUri' => getenv('ERP_REDIRECT_URI') ?: 'https://web.example.com/signin-oidc',
    'urlAuthorize' => 'https://acme.my.erp.net/id/connect/authorize',
    'urlAccessToken' => 'https://acme.my.erp.net/id/connect/token',
    'urlResourceOwnerDetails' => 'https://acme.my.erp.net/id/connect/userinfo',
];
