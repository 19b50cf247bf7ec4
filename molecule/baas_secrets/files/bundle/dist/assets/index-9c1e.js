const api="/v1/graphql";
const sub="/v1/auth";
