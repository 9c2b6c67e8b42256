//! A request body is a JSON object. serde's derived `Deserialize` also
//! reads a struct from an array of its fields in order, so without this
//! `[1, [[2, 1]]]` would place an order and `[null, null]` would move a
//! category to the top level.

use std::{fmt, marker::PhantomData};

use serde::{
    Deserialize, Deserializer,
    de::{MapAccess, Visitor, value::MapAccessDeserializer},
};

/// `T` read from a JSON object, and from nothing else.
pub struct JsonObject<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for JsonObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectOnly<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
            type Value = T;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(ObjectOnly(PhantomData))
            .map(JsonObject)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::JsonObject;
    use crate::domain::order::PlaceOrderRequest;

    #[test]
    fn an_object_is_read_and_an_array_of_the_same_fields_is_not() {
        let object = json!({"store_id": 1, "items": [{"product_id": 2, "quantity_requested": 1}]});
        let JsonObject(order) = serde_json::from_value::<JsonObject<PlaceOrderRequest>>(object)
            .expect("an object is an order");
        assert_eq!(order.store_id, 1);
        for not_an_object in [json!([1, [[2, 1]]]), json!("order"), json!(null), json!(7)] {
            let error = serde_json::from_value::<JsonObject<PlaceOrderRequest>>(not_an_object)
                .err()
                .expect("only an object is an order");
            assert!(error.to_string().contains("a JSON object"), "{error}");
        }
    }
}
