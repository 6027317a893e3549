<?php
require __DIR__ . '/vendor/autoload.php';

$provider = new \League\OAuth2\Client\Provider\GenericProvider([
    'clientId'                => 'com.example/web',
    'clientSecret'            => 'Mn5Bv8Cx2Za6Sd9Fg3Hj',
    'redirectUri'             => 'https://web.example.com/signin-oidc',
    'urlAuthorize'            => 'https://acme.my.erp.net/id/connect/authorize',
    'urlAccessToken'          => 'https://acme.my.erp.net/id/connect/token',
    'urlResourceOwnerDetails' => 'https://acme.my.erp.net/id/connect/userinfo',
]);
