using ErpNet.Api.Client;
using ErpNet.Api.Client.DomainApi;

// ErpNet.Api.Client: database URI, ApplicationUri, secret, scopes.
var identity = new ErpNetServiceClient(
    "https://acme.my.erp.net",
    "com.example/worker",
    "HLfcyPNRcVsRbhkbBruIcJuCRikg",
    "read");

var root = await identity.GetDomainApiODataServiceRootAsync();
var api = new DomainApiService(root, identity.GetAccessTokenAsync);
