export const environment = {
  production: false,
  authority: 'https://acme.my.erp.net/id',
  clientId: 'com.example/ng-portal',
  // Firebase web config and a Mapbox public token are meant to ship to the browser.
  firebase: {
    apiKey: 'AIzagqaTKk6tEEYULEdHUlkMDx11s0zWp6qmS72',
    authDomain: 'ng-field-4821.firebaseapp.com',
    projectId: 'ng-field-4821',
  },
  mapbox: { accessToken: 'pk.eyJ1IjogIm5nZmllbGQiLCAiYSI6ICJqUklKSkhGcTBCIn0.ktc9HB51urf2tf2biaQ6Wk' },
};
